/** The demo agents' password, printed on start so a newcomer can log in as one (main.ts); never used with SEED_DEMO=false. */
export const DEMO_AGENT_PASSWORD = 'huixin-demo';
