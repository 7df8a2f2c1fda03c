// The analyzer's Lit plugin (what its CLI loads for `--litelement`) comes without types.
declare module '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js' {
  export function litPlugin(): import('@custom-elements-manifest/analyzer').Plugin[];
}
