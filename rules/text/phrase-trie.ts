interface Node<T> { next: Map<string, Node<T>>; values: T[]; bounded: boolean }

const WORD = /[a-z0-9']/;

/**
 * Many phrases, one pass: every occurrence of every phrase in a text, walking a character trie from each
 * position. Phrases that begin and end with Latin letters match whole words only ("end" is not in "weekend").
 * Used for keyword rules (thousands of patterns) and concept words.
 */
export class PhraseTrie<T> {
  private readonly root: Node<T> = { next: new Map(), values: [], bounded: false };
  size = 0;

  add(phrase: string, value: T): void {
    if (!phrase) return;
    let node = this.root;
    for (const ch of phrase) {
      let child = node.next.get(ch);
      if (!child) { child = { next: new Map(), values: [], bounded: false }; node.next.set(ch, child); }
      node = child;
    }
    node.values.push(value);
    node.bounded = WORD.test(phrase[0]) && WORD.test(phrase[phrase.length - 1]);
    this.size++;
  }

  /** Calls `visit` for each occurrence, in order of start then length. Indices are UTF-16 offsets into `text`. */
  scan(text: string, visit: (value: T, start: number, end: number) => void): void {
    for (let start = 0; start < text.length; start++) {
      let node: Node<T> | undefined = this.root;
      for (let i = start; i < text.length; i++) {
        node = node.next.get(text[i]);
        if (!node) break;
        if (node.values.length === 0) continue;
        if (node.bounded && (WORD.test(text[start - 1] ?? '') || WORD.test(text[i + 1] ?? ''))) continue;
        for (const v of node.values) visit(v, start, i + 1);
      }
    }
  }
}
