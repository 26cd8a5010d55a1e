/**
 * Cleaning model output before anyone sees it. A model's words are posted into Slack and Teams as
 * the bot, so anything that could notify people (mentions, <!channel>, @here) or send them
 * somewhere (a link the practitioner never gave) is removed, whatever the prompt said.
 */

// Slack's angle-bracket tokens: <@U123>, <!channel>, <!here>, <!subteam^S1>, <#C123|name>.
const SLACK_TOKEN = /<[@#!][^>\n]{0,200}>/g;
// Slack links, <https://x|label>: the label survives, the link is judged like any other URL below.
const SLACK_LINK = /<((?:https?:\/\/|mailto:)[^>|\s]{1,500})(?:\|([^>\n]{0,200}))?>/gi;
// Teams mentions: <at>Name</at>, and any other markup tag.
const TEAMS_MENTION = /<at\b[^>]*>[\s\S]{0,200}?<\/at>/gi;
const TAG = /<\/?[a-z][a-z0-9-]{0,20}\b[^<>]{0,200}>/gi;
const BROADCAST = /(^|[^\w@])@(?:here|channel|everyone|all|room|team)\b/gi;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`)\]|]+/gi;
const MARKDOWN_EMPTY_LINK = /\[([^\]\n]{0,200})\]\(\s*\)/g;
// Control characters (keeping tab and newline) could hide text or break channel rendering.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;

/** URLs the practitioner's own input contained: the only links output may keep. */
function urlsIn(text: string): Set<string> {
  return new Set((text.match(URL) ?? []).map(normaliseUrl));
}

function normaliseUrl(url: string): string {
  return url.toLowerCase().replace(/[.,;:!?]+$/, '');
}

function stripForeignUrls(text: string, allowed: Set<string>): string {
  return text.replace(URL, (url) => {
    const trailing = url.match(/[.,;:!?]+$/)?.[0] ?? '';
    return allowed.has(normaliseUrl(url)) ? url : trailing;
  });
}

/**
 * Returns the cleaned text, or undefined when nothing worth showing is left or it is too long.
 * `input` is everything the request contained, to tell the practitioner's links from invented ones.
 */
export function cleanOutput(text: string, input: string, max: number): string | undefined {
  const allowed = urlsIn(input);
  let out = text.normalize('NFC').replace(CONTROL, '');
  out = out.replace(SLACK_LINK, (_m, url: string, label?: string) =>
    allowed.has(normaliseUrl(url)) ? url : (label ?? ''),
  );
  out = out.replace(TEAMS_MENTION, '').replace(SLACK_TOKEN, '').replace(TAG, '');
  out = out.replace(BROADCAST, '$1');
  out = stripForeignUrls(out, allowed).replace(MARKDOWN_EMPTY_LINK, '$1');
  out = out
    .replace(/[ \t]+/g, ' ')
    .replace(/ +([.,;:!?])/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  // Over-long output is dropped, not cut: half a question or half a sentence misleads.
  if (!/[\p{L}\p{N}]/u.test(out) || out.length > max) return undefined;
  return out;
}
