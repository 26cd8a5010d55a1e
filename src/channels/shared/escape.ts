/**
 * Escaping user text for each surface. Slack: &, < and > are the only control characters, and
 * escaping them means <!channel>, <@U123> and <http://x|y> show as literal text. HTML (Teams
 * (the playground's server-rendered bits): the usual five.
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
 * Teams (Adaptive Card TextBlocks). Only what the renderers interpret is escaped, as the Teams mobile
 * renderer does it (microsoft/Teams-AdaptiveCards-Mobile at c6faeb4e1c5111401f4698c2b0dcc2a22c09ac1e):
 * - source/shared/cpp/ObjectModel/MarkDownBlockParser.cpp (EmphasisParser::MatchText) drops a
 *   backslash only before `* _ [ ] )` and line breaks; before any other character it stays on
 *   screen, so "CR\\-2041" would show its backslash.
 * - source/shared/cpp/ObjectModel/TextElementProperties.cpp (_ProcessHTMLEntities) decodes only
 *   `&amp; &quot; &lt; &gt; &nbsp;`, iOS (SwiftLegacyACSupportPending.swift, decodeHTMLEntities) not
 *   even `&quot;`; "&#39;" is shown as typed. Adaptive Cards render no HTML at all.
 * So `* _ [ ]` get a backslash (every renderer removes it, desktop's CommonMark included; with `[`
 * escaped no link can form, so `)` needs nothing), and an `&` that would start a decoded entity
 * becomes `&amp;` (decoded last, so "&amp;lt;" shows "&lt;"). Apostrophes, hyphens, < and > are
 * left alone. Text with none of these characters (all of the catalogue's wording) is unchanged.
 */
export function escapeTeams(text: string): string {
  return text.replace(/&(?=(?:amp|quot|lt|gt|nbsp);)/g, '&amp;').replace(/([*_[\]])/g, '\\$1');
}

/**
 * Teams chat messages (not cards) are HTML underneath, so `<at>` and other tags would be read:
 * there & < > become the three entities every Teams client decodes, and Markdown is escaped as in
 * cards. Still no numeric entities.
 */
export function escapeTeamsMessage(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_[\]])/g, '\\$1');
}
