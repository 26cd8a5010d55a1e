/** The bot's wording comes from prompts/bot.yaml through the service; blocks never hard-code it. */
export type Wording = (key: string, vars?: Record<string, string | number | undefined>) => string;
