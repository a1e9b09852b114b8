/// <reference types="vite/client" />

// Lets plain `tsc` type-check the .ts files that import single-file components (vue-tsc would check the SFCs too).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
