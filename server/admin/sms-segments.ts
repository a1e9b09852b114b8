/**
 * What one SMS text costs, for the template editor's counter. Pure and dependency-free so the server and the
 * inbox-ui (which imports this file by relative path) count the same way.
 */

/** GSM 03.38 basic set; the extension characters cost two septets (an escape plus the character). */
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

export interface SmsCost {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7, UTF-16 code units for UCS-2 (an emoji is two). */
  units: number;
  segments: number;
  perSegment: number;
  /** Chinese carriers bill by characters, the 【签名】 included: up to 70 is one message, longer ones 67 per part. */
  chinaBilled: number;
  chinaChars: number;
}

function gsmSeptets(text: string): number | null {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else return null;
  }
  return septets;
}

const parts = (units: number, single: number, multi: number) => (units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi));

/**
 * @example smsCost('Hi').segments // → 1 (GSM-7, 2 of 160)
 * @example smsCost('【示例诊所】您好').chinaBilled // → 1 (8 characters, the signature counts)
 */
export function smsCost(text: string): SmsCost {
  const chinaChars = [...text].length;
  const chinaBilled = parts(chinaChars, 70, 67);
  const septets = gsmSeptets(text);
  if (septets !== null) {
    return { encoding: 'GSM-7', units: septets, segments: parts(septets, 160, 153), perSegment: septets <= 160 ? 160 : 153, chinaBilled, chinaChars };
  }
  const units = text.length;
  return { encoding: 'UCS-2', units, segments: parts(units, 70, 67), perSegment: units <= 70 ? 70 : 67, chinaBilled, chinaChars };
}
