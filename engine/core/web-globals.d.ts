/**
 * The web-standard globals engine/core uses, and only the members it calls. Node >= 20, browsers and
 * workers all provide them; engine/core/tsconfig.json checks the core against these instead of Node's or
 * the DOM's types, so a new platform dependency has to be declared here, on purpose. The root project
 * excludes this file and sees the full DOM declarations instead.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}

interface SubtleCrypto {
  digest(algorithm: 'SHA-256', data: ArrayBufferView<ArrayBuffer> | ArrayBuffer): Promise<ArrayBuffer>;
}

interface Crypto {
  readonly subtle: SubtleCrypto;
}

// eslint-disable-next-line no-var -- only a var is a property of globalThis (globalThis.crypto)
declare var crypto: Crypto;

/** Only named in the preload bridge's types (files handed from the page to Electron). */
interface File {
  readonly name: string;
  readonly size: number;
}
