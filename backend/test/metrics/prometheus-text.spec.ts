import { parsePrometheusTextFormat } from './prometheus-text';

describe('the test Prometheus text reader', () => {
  it('reads families, labels with escapes and histogram series', () => {
    const families = parsePrometheusTextFormat(
      [
        '# HELP a_total A counter.',
        '# TYPE a_total counter',
        'a_total{route="/v2/orders/{order_id}",note="say \\"hi\\""} 3',
        '# TYPE h histogram',
        'h_bucket{le="1"} 1',
        'h_bucket{le="+Inf"} 2',
        'h_sum 3.5',
        'h_count 2',
        '# TYPE g gauge',
        'g Nan',
        '',
      ].join('\n'),
    );
    expect(families.map((f) => [f.name, f.type, f.samples.length])).toEqual([
      ['a_total', 'counter', 1],
      ['h', 'histogram', 4],
      ['g', 'gauge', 1],
    ]);
    expect(families[2].samples[0].value).toBeNaN();
    expect(families[0].samples[0].labels).toEqual({
      route: '/v2/orders/{order_id}',
      note: 'say "hi"',
    });
  });

  it.each([
    ['a sample of no declared family', 'x 1'],
    ['a malformed sample', '# TYPE x gauge\nx{a=b} 1'],
    ['a bad value', '# TYPE x gauge\nx one'],
    ['a negative counter', '# TYPE x counter\nx -1'],
    [
      'non-cumulative buckets',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1',
    ],
    ['a +Inf bucket that is not the count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 1'],
  ])('rejects %s', (_what, text) => {
    expect(() => parsePrometheusTextFormat(text)).toThrow();
  });
});
