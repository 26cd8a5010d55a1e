/**
 * Escaping user text for each surface. Slack: &, < and > are the only control characters, and
 * escaping them means <!channel>, <@U123> and <http://x|y> show as literal text. HTML (Teams
 * messages, the playground's server-rendered bits): the usual five.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Teams renders a subset of Markdown in text messages and Adaptive Card TextBlocks. Backslash-escape
 * the characters that start formatting or links, then HTML-escape, so user text stays literal.
 * The order matters: escaping Markdown second would put a backslash inside the entities ("&\#39;"),
 * and Teams would show them as text instead of the apostrophe or quote they stand for.
 */
export function escapeTeams(text: string): string {
  return escapeHtml(text.replace(/([\\`*_{}[\]()#+!|~-])/g, '\\$1'));
}
