/**
 * Who is talking: the org config maps people to their Entra (AAD) object id under `teams.user`.
 * Teams sends it as activity.from.aadObjectId. Looked up in the one directory of people
 * (src/app/directory.ts), which reads the organisation file as it is now.
 */
import type { Activity } from '@microsoft/teams.api';
import type { Directory } from '../../app/directory';
import type { Practitioner, Supervisor } from '../../config/org';

export interface TeamsPerson {
  aadObjectId: string;
  practitioner?: Practitioner;
  supervisor?: Supervisor;
}

export function aadOf(activity: Activity): string | undefined {
  const id = activity.from?.aadObjectId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

export function identify(people: Directory, activity: Activity): TeamsPerson | undefined {
  const aad = aadOf(activity);
  if (!aad) return undefined;
  const { practitioner, supervisor } = people.byChannelId((person) => person.teams?.user, aad, {
    caseInsensitive: true,
  });
  return practitioner || supervisor ? { aadObjectId: aad, practitioner, supervisor } : undefined;
}

export function practitionerAad(people: Directory, practitionerId: string): string | undefined {
  return people.practitioner(practitionerId)?.teams?.user;
}

export function supervisorOf(people: Directory, supervisorId: string): Supervisor | undefined {
  return people.supervisor(supervisorId);
}
