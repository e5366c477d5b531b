/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line
 * must be a comment, a HELP/TYPE line or a well-formed sample of a declared family, and histogram
 * buckets must be cumulative with a +Inf bucket equal to the count. Throws on the first violation.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL})(?:,(?:${LABEL}))*,?)?\\})? (\\S+)(?: (-?\\d+))?$`,
);
const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseValue(raw: string, line: number, text = ''): number {
  // Prometheus parses values with Go's strconv.ParseFloat: NaN and Inf in any letter case
  // (prom-client writes NaN as "Nan", e.g. an event-loop mean before its first sample).
  if (/^\+?inf(inity)?$/i.test(raw)) return Infinity;
  if (/^-inf(inity)?$/i.test(raw)) return -Infinity;
  if (/^nan$/i.test(raw)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw))
    throw new Error(`line ${line}: bad value ${JSON.stringify(raw)} in ${JSON.stringify(text)}`);
  return Number(raw);
}

export function parsePrometheusTextFormat(text: string): Family[] {
  const families = new Map<string, Family>();
  const familyOf = (sampleName: string): Family | undefined => {
    const direct = families.get(sampleName);
    if (direct && !SUFFIXES[direct.type]) return direct;
    for (const family of families.values())
      for (const suffix of SUFFIXES[family.type] ?? [])
        if (sampleName === family.name + suffix) return family;
    return direct;
  };
  text.split('\n').forEach((line, index) => {
    const n = index + 1;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`line ${n}: bad name ${name}`);
      const family = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest))
          throw new Error(`line ${n}: bad type ${rest}`);
        if (family.samples.length) throw new Error(`line ${n}: TYPE after samples of ${name}`);
        family.type = rest as Family['type'];
      } else family.help = rest;
      families.set(name, family);
      return;
    }
    if (line.startsWith('#')) return;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`line ${n}: not a sample: ${line}`);
    const [, name, labelText] = match;
    const value = parseValue(match[match.length - 2], n, line);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (labelText ?? '').matchAll(new RegExp(LABEL, 'g'))) {
      if (key in labels) throw new Error(`line ${n}: label ${key} twice`);
      labels[key] = raw.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const family = familyOf(name);
    if (!family) throw new Error(`line ${n}: sample ${name} of no declared family`);
    if (family.type === 'counter' && !(value >= 0))
      throw new Error(`line ${n}: negative counter ${name}`);
    family.samples.push({ name, labels, value });
  });
  for (const family of families.values()) {
    if (family.type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const s of family.samples.filter((x) => x.name.endsWith('_bucket'))) {
      const { le, ...rest } = s.labels;
      if (le === undefined) throw new Error(`${family.name}: bucket without le`);
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      const values = buckets.map((b) => b.value);
      if (values.some((v, i) => i > 0 && v < values[i - 1]))
        throw new Error(`${family.name}${key}: buckets not cumulative`);
      const inf = buckets.find((b) => b.labels.le === '+Inf');
      const count = family.samples.find(
        (s) => s.name === `${family.name}_count` && JSON.stringify(s.labels) === key,
      );
      if (!inf || !count || inf.value !== count.value)
        throw new Error(`${family.name}${key}: +Inf bucket does not match _count`);
    }
  }
  return [...families.values()];
}
