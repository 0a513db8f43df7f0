/** A JSON-RPC error with its code, as the SDK writes it (an McpError would prefix its message again). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}
