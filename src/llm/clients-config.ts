/** Open after 3 consecutive provider failures, for a minute: the provider is down, stop waiting on it. */
export const BREAKER = { threshold: 3, openMs: 60_000 };

// The SDK retries once; more retries would only keep a practitioner's assistance waiting longer.
// Its own logging is off: at debug it would print request bodies, and we log codes ourselves.
export const SDK = { maxRetries: 1, logLevel: 'off' } as const;
