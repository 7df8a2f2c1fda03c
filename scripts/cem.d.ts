// Types the analyzer's package leaves out: its programmatic entry (`create`, and the TypeScript it
// parses with, which must be the one that makes the source files) and its Lit plugin.
import type { Package } from 'custom-elements-manifest/schema';
import type { Context, Plugin } from '@custom-elements-manifest/analyzer';

declare module '@custom-elements-manifest/analyzer' {
  export function create(options: {
    modules: import('typescript').SourceFile[];
    plugins?: Plugin[];
    context?: Context;
  }): Package;
  export const ts: typeof import('typescript');
}
