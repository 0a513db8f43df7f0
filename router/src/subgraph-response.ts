import { STATUS_CODES } from 'node:http';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Headers, type Dispatcher } from 'undici';

/** What `RemoteGraphQLDataSource` calls to send a subgraph request (@apollo/utils.fetcher's Fetcher). */
export type DataSourceFetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;
type FetcherResponse = Awaited<ReturnType<DataSourceFetcher>>;

/**
 * A subgraph's answer read whole, in the shape `RemoteGraphQLDataSource` reads a fetch Response in (status, headers,
 * text or JSON). The router sends subgraph requests with undici's `request`, not its `fetch`, whose WHATWG
 * machinery (Request and Response objects, web streams, the copy kept to follow redirects) was about a tenth of
 * the platform's CPU for a federated query; the data source parses the whole body anyway.
 */
export class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly bodyUsed = false;

  private constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: FetcherResponse['headers'],
    private readonly body: Buffer,
  ) {}

  static async read(url: string, answer: Dispatcher.ResponseData): Promise<SubgraphResponse> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    return new SubgraphResponse(url, answer.statusCode, headers, Buffer.from(await answer.body.arrayBuffer()));
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  text(): Promise<string> {
    return Promise.resolve(this.body.toString('utf8'));
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(new Uint8Array(this.body).buffer);
  }

  clone(): SubgraphResponse {
    return new SubgraphResponse(this.url, this.status, this.headers, this.body);
  }
}
