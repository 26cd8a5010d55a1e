import path from 'node:path';

/** The project root, whether running from src/ (tsx, jest) or dist/ (npm start): both sit one level down. */
export const ROOT = path.resolve(__dirname, '..');

export function fromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(ROOT, p);
}
