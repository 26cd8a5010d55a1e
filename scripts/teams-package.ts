/**
 * npm run teams:package — builds appPackage/reflect-teams.zip for sideloading into Teams.
 *
 * 1. Reads appPackage/manifest.json and puts CLIENT_ID (the Entra app / bot id) in place of the
 *    placeholder GUID 00000000-0000-0000-0000-000000000000.
 * 2. Validates the result against the vendored Teams manifest JSON schema
 *    (appPackage/schema/, from the @microsoft/app-manifest package; no network needed).
 * 3. Draws color.png (192×192) and outline.png (32×32) if they are missing, and checks both:
 *    sizes, and that the outline is white on transparent.
 * 4. Zips manifest.json, color.png and outline.png at the root of the archive.
 * Exits 1 with every problem listed when anything fails.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { decodePng } from './lib/png';
import { colorIcon, outlineIcon } from './lib/teams-icons';
import { zip } from './lib/zip';

export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ICONS = {
  color: { file: 'color.png', size: 192, draw: colorIcon },
  outline: { file: 'outline.png', size: 32, draw: outlineIcon },
};

export interface PackageResult {
  zipPath: string;
  problems: string[];
  warnings: string[];
  manifest: Record<string, unknown>;
}

function manifestWithId(
  dir: string,
  clientId: string | undefined,
  problems: string[],
  warnings: string[],
): Record<string, unknown> {
  const template = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  if (clientId !== undefined && !GUID.test(clientId))
    problems.push(
      `CLIENT_ID "${clientId}" is not a GUID; use the Application (client) ID of the Entra app registration`,
    );
  if (!clientId)
    warnings.push(
      `CLIENT_ID is not set: the package keeps the placeholder id ${PLACEHOLDER_ID} and will not work in Teams until you rebuild it with CLIENT_ID set`,
    );
  const id = clientId && GUID.test(clientId) ? clientId.toLowerCase() : PLACEHOLDER_ID;
  return JSON.parse(template.split(PLACEHOLDER_ID).join(id)) as Record<string, unknown>;
}

export function validateManifest(manifest: unknown, schemaFile: string): string[] {
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strict: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `manifest.json${e.instancePath || ''}: ${e.message ?? 'invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}

/** Sizes for both icons; the outline must also be RGBA and white wherever it is not transparent. */
export function checkIcon(file: string, size: number, outline: boolean): string[] {
  const png = decodePng(readFileSync(file));
  const name = path.basename(file);
  const problems: string[] = [];
  if (png.width !== size || png.height !== size)
    problems.push(`${name} is ${png.width}×${png.height}; Teams needs ${size}×${size}`);
  if (!outline) return problems;
  if (!png.pixels) return [...problems, `${name} must be an 8-bit RGBA PNG (white on a transparent background)`];
  for (let i = 0; i < png.pixels.length; i += 4) {
    const [r, g, b, a] = [png.pixels[i], png.pixels[i + 1], png.pixels[i + 2], png.pixels[i + 3]];
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255))
      return [...problems, `${name} has non-white pixels; the outline icon must be white on transparent`];
  }
  if (!png.pixels.some((v, i) => i % 4 === 3 && v === 0))
    problems.push(`${name} has no transparent pixels; the outline icon needs a transparent background`);
  return problems;
}

export function buildPackage(dir: string, clientId = process.env.CLIENT_ID || undefined): PackageResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const manifest = manifestWithId(dir, clientId, problems, warnings);
  problems.push(...validateManifest(manifest, path.join(dir, 'schema', 'MicrosoftTeams.v1.22.schema.json')));
  for (const [kind, icon] of Object.entries(ICONS)) {
    const file = path.join(dir, icon.file);
    if (!existsSync(file)) writeFileSync(file, icon.draw(icon.size));
    problems.push(...checkIcon(file, icon.size, kind === 'outline'));
  }
  const zipPath = path.join(dir, 'reflect-teams.zip');
  if (problems.length === 0) {
    const entries = [
      { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
      { name: ICONS.color.file, data: readFileSync(path.join(dir, ICONS.color.file)) },
      { name: ICONS.outline.file, data: readFileSync(path.join(dir, ICONS.outline.file)) },
    ];
    writeFileSync(zipPath, zip(entries));
  }
  return { zipPath, problems, warnings, manifest };
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'appPackage');
  const result = buildPackage(dir);
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  if (result.problems.length > 0) {
    process.stderr.write(`teams:package failed:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `Teams app package written to ${path.relative(process.cwd(), result.zipPath)} (manifest valid against schema v1.22; icons 192×192 and 32×32).\n`,
  );
}
