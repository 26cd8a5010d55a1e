/**
 * What people type in Slack arrives marked up (docs.slack.dev "Formatting text for app surfaces":
 * "Retrieving messages" / "Escaping text"): links as <https://…|label>, emails as <mailto:…|label>,
 * mentions as <@U123>, <#C123|name>, <!here>, <!subteam^S123|@team>, dates as <!date^…|fallback>,
 * and & < > as entities. The engine keeps people's words as they read them, so all of it becomes
 * plain text here, before anything else sees it.
 */
const TOKEN = /<([^<>]*)>/g;

function label(inner: string): string | undefined {
  const bar = inner.indexOf('|');
  return bar >= 0 ? inner.slice(bar + 1) : undefined;
}

function plainOf(inner: string): string {
  const shown = label(inner);
  const target = shown === undefined ? inner : inner.slice(0, inner.indexOf('|'));
  if (target.startsWith('@')) return shown ? `@${shown.replace(/^@/, '')}` : '@someone';
  if (target.startsWith('#')) return shown ? `#${shown.replace(/^#/, '')}` : '#channel';
  if (target.startsWith('!')) {
    const [command] = target.slice(1).split('^');
    if (shown) return shown;
    return command === 'here' || command === 'channel' || command === 'everyone' ? `@${command}` : '';
  }
  if (target.startsWith('mailto:')) return shown ?? target.slice('mailto:'.length);
  // A link: its label, with the address when the label does not already show it.
  if (shown === undefined || shown === target) return target;
  const bare = target.replace(/^https?:\/\//, '').replace(/\/$/, '');
  return shown === bare || shown === target.replace(/\/$/, '') ? shown : `${shown} (${target})`;
}

export function slackToPlain(text: string): string {
  return text
    .replace(TOKEN, (_whole, inner: string) => plainOf(inner))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
