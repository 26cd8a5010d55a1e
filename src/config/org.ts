/** The organisation file (ORG_CONFIG): who the practitioners and supervisors are, and the contacts. */
import { readFileSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { CHANNEL_LABELS, identities } from '../channels/settings';
import { caseRefMatcher, DEFAULT_CASE_REF_PATTERN } from '../core/redact';
import { ConfigError, formatZodIssues } from './errors';

const personId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'expected a short lowercase id such as "alex"');
const supervisorIds = identities('supervisor');
const escalationIds = identities('escalation');

export const supervisorSchema = z.strictObject({
  id: personId,
  name: z.string().trim().min(1).max(100),
  ...supervisorIds,
  /** Their own manager: re-alerts nobody acknowledged go here when there is no `escalation` contact. */
  manager: personId.optional(),
});

type ChannelAddress = { user?: string; channel?: string } | undefined;

/** Where unacknowledged alerts escalate: a user or channel on one of the channels (at least one). */
export const escalationSchema = z.strictObject({ name: z.string().trim().min(1).max(100), ...escalationIds }).refine(
  (e) =>
    Object.keys(escalationIds).some((k) => {
      const a = (e as Record<string, ChannelAddress>)[k];
      return Boolean(a?.user || a?.channel);
    }),
  { message: `give a ${CHANNEL_LABELS.join(' or ')} user or channel for the escalation contact` },
);

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as "Europe/London"' },
);

export const loneWorkingSchema = z.strictObject({
  graceMinutes: z.int().min(0).max(240).default(15),
  timeZone: timeZone.default('Europe/London'),
});

export const practitionerSchema = z.strictObject({
  id: personId,
  name: z.string().trim().min(1).max(100),
  supervisor: personId,
  ...identities('practitioner'),
});

function compiles(pattern: string): boolean {
  try {
    caseRefMatcher(pattern);
    return true;
  } catch {
    return false;
  }
}

export const orgSchema = z
  .strictObject({
    organisation: z.string().trim().min(1).max(200),
    retentionDays: z.int().min(1).max(3650).default(90),
    nudgeAfterHours: z
      .int()
      .min(0)
      .max(24 * 90)
      .default(48),
    urgentRealertMinutes: z
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    escalation: escalationSchema.optional(),
    loneWorking: loneWorkingSchema.default({ graceMinutes: 15, timeZone: 'Europe/London' }),
    caseRefPattern: z
      .string()
      .min(1)
      .max(500)
      .default(DEFAULT_CASE_REF_PATTERN)
      .refine(compiles, 'not a valid regular expression; fix it, or remove caseRefPattern to use the default'),
    contacts: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), z.string().trim().min(1).max(300)).default({}),
    supervisors: z.array(supervisorSchema).min(1),
    practitioners: z.array(practitionerSchema).min(1),
  })
  .superRefine((org, ctx) => {
    const ids = new Set<string>();
    [...org.supervisors, ...org.practitioners].forEach((p) => {
      if (ids.has(p.id))
        ctx.addIssue({
          code: 'custom',
          path: ['practitioners'],
          message: `id "${p.id}" is used twice; every person needs a unique id`,
        });
      ids.add(p.id);
    });
    const supervisorIds = new Set(org.supervisors.map((s) => s.id));
    org.supervisors.forEach((s, i) => {
      if (s.manager !== undefined && (!supervisorIds.has(s.manager) || s.manager === s.id))
        ctx.addIssue({
          code: 'custom',
          path: ['supervisors', i, 'manager'],
          message: `manager "${s.manager}" must be another supervisor's id; add them under supervisors`,
        });
    });
    org.practitioners.forEach((p, i) => {
      if (!supervisorIds.has(p.supervisor))
        ctx.addIssue({
          code: 'custom',
          path: ['practitioners', i, 'supervisor'],
          message: `no supervisor with id "${p.supervisor}"; add them under supervisors`,
        });
    });
  });

export type OrgConfig = z.infer<typeof orgSchema>;
export type Supervisor = z.infer<typeof supervisorSchema>;
export type Practitioner = z.infer<typeof practitionerSchema>;

/** The built-in demo organisation, used when ORG_CONFIG is not set. Documented in the README. */
export const DEMO_ORG: OrgConfig = {
  organisation: 'Demo Borough Council',
  retentionDays: 90,
  nudgeAfterHours: 48,
  urgentRealertMinutes: 15,
  loneWorking: { graceMinutes: 15, timeZone: 'Europe/London' },
  caseRefPattern: DEFAULT_CASE_REF_PATTERN,
  contacts: {
    manager: 'your team manager',
    mash: 'the MASH on 01234 000000 (demo number)',
    earlyHelp: 'the Early Help Support Service on 0300 000 0000 (demo number)',
    emergency: '999',
  },
  supervisors: [{ id: 'sam', name: 'Sam Rivers' }],
  practitioners: [
    { id: 'alex', name: 'Alex Morgan', supervisor: 'sam' },
    { id: 'bo', name: 'Bo Chen', supervisor: 'sam' },
  ],
};

export function parseOrgConfig(text: string, file: string): OrgConfig {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new ConfigError(
      'CONFIG_ORG_YAML',
      `${file}: ${doc.errors[0]?.message ?? 'invalid YAML'}. Fix the YAML syntax.`,
    );
  const parsed = orgSchema.safeParse(doc.toJS({ maxAliasCount: 20 }));
  if (!parsed.success) throw new ConfigError('CONFIG_ORG_INVALID', `${file}: ${formatZodIssues(parsed.error.issues)}`);
  return parsed.data;
}

export function loadOrgConfig(path: string | undefined): OrgConfig {
  if (!path) return DEMO_ORG;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(
      'CONFIG_ORG_UNREADABLE',
      `ORG_CONFIG=${path} cannot be read. Check the path, or unset ORG_CONFIG to use the demo organisation.`,
    );
  }
  return parseOrgConfig(text, path);
}

/**
 * The organisation file as it is now. People move teams; authorisation must follow the file without
 * a restart, so the file's modification time is checked (at most once a second) whenever someone is
 * looked up, and a changed file is re-read. A file that no longer validates is refused and the last
 * good one kept, with `onError` told the code; `onChange` hears about every good new version.
 */
export function watchOrgFile(
  path: string | undefined,
  initial: OrgConfig,
  hooks: { onChange?: (org: OrgConfig) => void; onError?: (err: ConfigError) => void; everyMs?: number } = {},
): () => OrgConfig {
  if (!path) return () => initial;
  let current = initial;
  let mtime = safeMtime(path);
  let checkedAt = Date.now();
  const everyMs = hooks.everyMs ?? 1000;
  return () => {
    const now = Date.now();
    if (now - checkedAt < everyMs) return current;
    checkedAt = now;
    const m = safeMtime(path);
    if (m === mtime) return current;
    mtime = m;
    try {
      current = loadOrgConfig(path);
      hooks.onChange?.(current);
    } catch (err) {
      if (err instanceof ConfigError) hooks.onError?.(err);
      else throw err;
    }
    return current;
  };
}

function safeMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}
