/**
 * A client_id URL, or the Client ID Metadata Document it names, that the authorization server does not accept. Its
 * message is meant for the client's developer (an OAuth error_description): it says what is wrong, and never names
 * an address a host resolved to nor anything else of the server's network (the details go to the log).
 */
export class ClientMetadataDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientMetadataDocumentError';
  }
}
