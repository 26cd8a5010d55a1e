/**
 * The local channel's name, with no dependencies: the fallback every part of the app may use for
 * "the playground's view" (threads of supervisors who are on no other channel, the inbox).
 */
export const LOCAL_CHANNEL = 'local';
