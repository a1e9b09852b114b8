/**
 * What each figure means, in short sentences the dashboard shows beside it (zh and en), returned by every report
 * route as `definitions`: the words live next to the code that computes the figure, so the two change together.
 */
export type Definitions = Record<string, { zh: string; en: string }>;
