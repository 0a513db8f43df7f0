/**
 * A minimal cookie jar for tests that follow sign-in and consent pages as a browser would: the cookies each host
 * set (name and value only; their attributes are not needed against the one test host of each kind).
 */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  store(url: URL, response: Response): void {
    const jar = this.cookies.get(url.host) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) jar.set(name.trim(), value.join('='));
    }
    this.cookies.set(url.host, jar);
  }

  /** The Cookie header for a request to `url`'s host. */
  header(url: URL): string {
    return [...(this.cookies.get(url.host) ?? new Map<string, string>()).entries()].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
