/**
 * The de-duplication key of an inbound activity. Teams normally sends an id, and a retry repeats it.
 * Some activities arrive without one (seen from emulators and some connectors); they used to share
 * the key "teams:undefined", so every one after the first was dropped as a repeat. Without an id the
 * key is a hash of the whole activity: a retry (byte-for-byte the same) is still recognised, while
 * two different activities never collide.
 */
import { createHash } from 'node:crypto';
import type { Activity } from '@microsoft/teams.api';

export function activityEventId(activity: Activity): string {
  const id = activity.id;
  if (typeof id === 'string' && id.trim() !== '') return `teams:${id}`;
  return `teams:h:${createHash('sha256').update(JSON.stringify(activity)).digest('base64url')}`;
}
