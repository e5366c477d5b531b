import type { OutgoingAlert } from './alert-channels';

/**
 * The daily summary in each tool's own format. The outbox row's payload holds the figures
 * (portfolio/run-report.service.ts, DailySummaryDetails); the plain `message` stays the fallback
 * text (and the generic webhook sends both, as JSON).
 */
interface Figures {
  runId?: string;
  mode?: string;
  status?: string;
  link?: string | null;
}

const lines = (alert: OutgoingAlert) => alert.message.split('\n');

/** The summary's own lines: between the headline and the "First:" / "Runbook:" footer. */
function body(alert: OutgoingAlert): string[] {
  return lines(alert)
    .slice(1)
    .filter(
      (l) => !l.startsWith('First: ') && !l.startsWith('Runbook: ') && !l.startsWith('Run: '),
    );
}

/** Lark: a rich-text "post" with the headline as title, one line per fact, and the run as a link. */
export function larkDailySummary(alert: OutgoingAlert): Record<string, unknown> {
  const figures = alert.payload as Figures;
  const content: Record<string, unknown>[][] = body(alert).map((text) => [{ tag: 'text', text }]);
  if (figures.link)
    content.push([{ tag: 'a', text: 'Open the run in the admin', href: figures.link }]);
  return {
    msg_type: 'post',
    content: { post: { en_us: { title: lines(alert)[0], content } } },
  };
}

/** Slack: a header, the facts as a mrkdwn section, and the run as a link; `text` for notifications. */
export function slackDailySummary(alert: OutgoingAlert): Record<string, unknown> {
  const figures = alert.payload as Figures;
  const icon = figures.mode === 'dry-run' ? ':test_tube:' : ':bar_chart:';
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: lines(alert)[0].slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: `${icon} ${body(alert).join('\n')}` } },
  ];
  if (figures.link)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${figures.link}|Open the run in the admin>` }],
    });
  return { text: `${lines(alert)[0]}\n${body(alert).join('\n')}`, blocks };
}
