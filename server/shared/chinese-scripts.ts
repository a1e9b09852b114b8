import { Converter as toSimplifiedConverter } from 'opencc-js/t2cn';
import { Converter as toTraditionalConverter } from 'opencc-js/cn2t';

/**
 * Both scripts of a name: 陈美玲 finds 陳美玲 and the other way round. Built on first use (the dictionaries are
 * large); Hong Kong's and Taiwan's traditional forms both, since a contact's name is written in either.
 * Shared by the contacts list and the inbox search, so both find the same people.
 */
let converters: Array<(s: string) => string> | undefined;
export const scriptsOf = (text: string): string[] => {
  converters ??= [toSimplifiedConverter({ from: 'hk', to: 'cn' }), toSimplifiedConverter({ from: 'tw', to: 'cn' }),
    toTraditionalConverter({ from: 'cn', to: 'hk' }), toTraditionalConverter({ from: 'cn', to: 'tw' })];
  return [...new Set([text, ...converters.map((convert) => convert(text))])];
};
