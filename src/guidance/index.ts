/** Guidance documents: loading the cleaned Markdown, and importing a new local procedure. */
export { loadGuidance, type GuidanceLoad } from './load';
export { parseGuidanceMarkdown, frontMatterSchema } from './markdown';
export { headingId, slugify } from './section-id';
