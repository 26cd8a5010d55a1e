/** The name the composition root (src/main.ts) imports the content loader by; see ./index. */
export * from './index';
