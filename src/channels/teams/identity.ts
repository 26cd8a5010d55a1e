/**
 * Who is talking: the org config maps people to their Entra (AAD) object id under `teams.user`.
 * Teams sends it as activity.from.aadObjectId. GUIDs are compared case-insensitively.
 */
import type { Activity } from '@microsoft/teams.api';
import type { OrgConfig, Practitioner, Supervisor } from '../../config/org';

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export interface TeamsPerson {
  aadObjectId: string;
  practitioner?: Practitioner;
  supervisor?: Supervisor;
}

export function aadOf(activity: Activity): string | undefined {
  const id = activity.from?.aadObjectId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

export function identify(org: OrgConfig, activity: Activity): TeamsPerson | undefined {
  const aad = aadOf(activity);
  if (!aad) return undefined;
  const practitioner = org.practitioners.find((p) => same(p.teams?.user, aad));
  const supervisor = org.supervisors.find((s) => same(s.teams?.user, aad));
  return practitioner || supervisor ? { aadObjectId: aad, practitioner, supervisor } : undefined;
}

export function practitionerAad(org: OrgConfig, practitionerId: string): string | undefined {
  return org.practitioners.find((p) => p.id === practitionerId)?.teams?.user;
}

export function supervisorOf(org: OrgConfig, supervisorId: string): Supervisor | undefined {
  return org.supervisors.find((s) => s.id === supervisorId);
}
