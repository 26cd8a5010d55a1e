/** Reading check-in commands and visit lengths, and writing times: small, pure and shared. */
import { normalise } from './text';

export type Command =
  | { kind: 'checkin'; caseRef?: string }
  | { kind: 'checkout' }
  | { kind: 'extend'; amount?: string };

/** Only a whole message is a command. "back" ends a visit only when a check-in is open. */
export function parseCheckinCommand(text: string, open: boolean): Command | undefined {
  const raw = text.trim();
  const m = /^\/?(?:reflect\s+)?check[\s-]?in\b\s*(.*)$/i.exec(raw);
  if (m) return { kind: 'checkin', caseRef: m[1]?.trim() || undefined };
  const t = normalise(raw);
  if (['checkout', 'check out', "i'm out", 'im out', 'i am out'].includes(t)) return { kind: 'checkout' };
  if (open && t === 'back') return { kind: 'checkout' };
  const e = /^extend\b\s*(.*)$/i.exec(raw);
  if (e) return { kind: 'extend', amount: e[1]?.trim() || undefined };
  return undefined;
}

/** "45", "45 min", "1h", "1h30", "1.5 hours", "90m" -> minutes; undefined when it cannot be read. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const minutesOnly = /^(\d{1,4})\s*(?:m|min|mins|minute|minutes)?$/.exec(t);
  if (minutesOnly) return Number(minutesOnly[1]);
  const hours = /^(\d{1,2}(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours)(?:\s*(\d{1,2})\s*(?:m|min|mins|minutes)?)?$/.exec(t);
  if (hours) return Math.round(Number(hours[1]) * 60 + Number(hours[2] ?? 0));
  return undefined;
}

export function formatTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(
    new Date(iso),
  );
}
