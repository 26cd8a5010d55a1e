/** The content loader's public face: load guidance and prompts into a checked Catalog. */
export { loadCatalog, loadPrompts, isPromptFileName, type CatalogLoad } from './load';
export { loadGuidance, type GuidanceLoad } from '../guidance/load';
export { formatError, formatPath, type ErrorCode, type LoadError, type LoadWarning } from './errors';
export { coverage, coverageTotals, holdsQuestions, type CoverageTotals, type SectionCoverage } from './coverage';
