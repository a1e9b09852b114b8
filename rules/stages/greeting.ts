import type { StageContext, StageDecision } from './stage';

/** Nothing but emoji, symbols, punctuation and spaces (or nothing at all): no words to understand. */
const WORDLESS = /^[\s\p{P}\p{S}\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0E\uFE0F\u200D\u20E3]*$/u;

/** Nothing but a hello: "你好", "在吗", "hi there". */
const HELLO = /^(?:你好|您好|你们好|哈喽|哈啰|嗨|在吗|在不在|有人吗|hi|hello|hey|hiya|good (?:morning|afternoon|evening))(?: there)?(?: 呀| 啊)?$/u;

/**
 * A first text with no words ("👋", an empty MMS), or nothing but a hello ("你好"), is a hello: the customer gets a
 * greeting listing what the bot can do, not silence or a hand-off. Later, "👍" after a confirmation keeps its meaning
 * (ack), so only the first. Runs after a live menu had its say: a 👍 answering a reminder confirms it.
 */
export function greetingStage(ctx: StageContext): StageDecision | null {
  if (!ctx.input.conversation.firstMessage || ctx.live) return null;
  const hello = HELLO.test(ctx.norm.plain);
  if (!hello && !WORDLESS.test(ctx.norm.original)) return null;
  ctx.steps.push({ stage: 'greeting', outcome: `${hello ? 'a bare hello' : 'a wordless text'} as a first text → greeting with what the bot can do` });
  return { stage: 'greeting', action: 'help', params: {}, effects: [{ type: 'reply', template: 'greeting' }] };
}
