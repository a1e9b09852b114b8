/** GSM 03.38 basic set plus the extension table (extension characters cost two septets). */
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

export interface SegmentCount { encoding: 'GSM-7' | 'UCS-2'; units: number; segments: number; perSegment: number }

/**
 * How many SMS a text costs: GSM-7 fits 160 septets in one message and 153 per part when split; any other character
 * (all Chinese) switches the whole text to UCS-2, 70 and 67 UTF-16 units.
 * @example countSegments('你好').segments // → 1 (UCS-2, 2 of 70)
 */
export function countSegments(text: string): SegmentCount {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else { gsm = false; break; }
  }
  if (gsm) return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? (septets ? 1 : 0) : Math.ceil(septets / 153), perSegment: septets <= 160 ? 160 : 153 };
  const units = text.length;   // UTF-16 code units: an emoji takes two
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67), perSegment: units <= 70 ? 70 : 67 };
}
