/**
 * The one rule for the names of the variables a catalog entry may give an MCP server, whatever the entry's
 * source (catalog file, API, import, the portal's form) and whatever runs it (process, container): ordinary
 * variables only, upper-case, and none that makes a program, an interpreter or its loader run other code or
 * look for code elsewhere. The platform itself provides PATH, HOME and the like (see the process runtime).
 */

/** Names an entry may set: upper-case letters, digits and `_`, starting with a letter. */
export const serverEnvNamePattern = /^[A-Z][A-Z0-9_]*$/;

/**
 * Families of variables read by the loaders, interpreters and tools a server may be started with: Node
 * and npm, the dynamic loader (glibc, macOS), Python, Perl, Ruby, Java and .NET, shells, git, OpenSSL's
 * engine loading, the package runners npx/uvx/pip.
 */
const deniedPrefixes = [
  'NODE_',
  'NPM_CONFIG_',
  'YARN_',
  'COREPACK_',
  'LD_',
  'DYLD_',
  'GLIBC_',
  'MALLOC_',
  'PYTHON',
  'PIP_',
  'UV_',
  'VIRTUAL_ENV',
  'CONDA_',
  'PERL',
  'RUBY',
  'GEM_',
  'BUNDLE_',
  'JAVA_',
  'JDK_',
  'CLASSPATH',
  'DOTNET_',
  'CORECLR_',
  'COMPLUS_',
  'GIT_',
  'OPENSSL_',
  'SSLKEYLOGFILE',
  'BASH_',
  'MCP_',
];

/** Single variables with the same effect, or that the platform sets for every server. */
const deniedNames = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'ENV',
  'IFS',
  'CDPATH',
  'SHELLOPTS',
  'BASHOPTS',
  'PS4',
  'PROMPT_COMMAND',
  'GCONV_PATH',
  'HOSTALIASES',
  'LOCALDOMAIN',
  'RES_OPTIONS',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CONFIG_DIRS',
  'XDG_DATA_DIRS',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'LESSOPEN',
  'LESSCLOSE',
  'BROWSER',
  'DATABASE_URL',
  'REDIS_URL',
]);

/** Why an entry may not set the variable `name`, or null when it may. */
export function serverEnvNameProblem(name: string): string | null {
  if (!serverEnvNamePattern.test(name)) return `${name} is not allowed: variable names are upper-case letters, digits and "_", starting with a letter`;
  if (deniedNames.has(name) || deniedPrefixes.some((prefix) => name.startsWith(prefix))) {
    return `${name} may not be set by a catalog entry: it changes which code a program runs, or the platform sets it`;
  }
  return null;
}
