/**
 * Refuses to start on a Node.js older than the one Reflect is built for. main.ts imports this file
 * first, so the compiled `require` for it runs before any other module, and before better-sqlite3's
 * native addon, which crashes older Node with a segmentation fault instead of an error.
 * Written for any Node that can parse it: no imports, nothing newer than ES2019.
 */
const NEED_MAJOR = 22;
const NEED_MINOR = 12; // keep in step with "engines" in package.json and .nvmrc

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < NEED_MAJOR || (major === NEED_MAJOR && minor < NEED_MINOR)) {
  const seen = major < NEED_MAJOR ? `${major}.x` : process.versions.node;
  const need = major < NEED_MAJOR ? `${NEED_MAJOR}` : `${NEED_MAJOR}.${NEED_MINOR}`;
  process.stderr.write(`Reflect needs Node.js ${need} or later; this is ${seen}. See README ("Node.js 22").\n`);
  process.exit(1);
}

export {};
