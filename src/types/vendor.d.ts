// Types for dependencies that ship none. Declared once, here, and only as far as loadspec uses them.

/** Artillery's own script preparation, used by tests as ground truth for the run options. */
declare module 'artillery/util' {
  type Script = { config: Record<string, unknown> };
  type Flags = Record<string, unknown>;
  export function checkConfig(script: unknown, scriptPath: string, flags: Flags): Promise<Script>;
  export function addOverrides(script: unknown, flags: Flags): Promise<Script>;
  export function addVariables(script: unknown, flags: Flags): Promise<Script>;
  export function resolveConfigTemplates(script: unknown, flags: Flags, configPath: string, scriptPath: string): Promise<Script>;
}
