import { graphql } from '../gql/index.ts';
import type { DeviceAuthorizationQuery } from '../gql/graphql.ts';

/** The device sign-in documents (`docker mcp login`): a pending request by its user code, approved or denied. */

/** Null when the code is unknown, expired or already answered. */
export type DeviceAuthorizationSummary = NonNullable<DeviceAuthorizationQuery['deviceAuthorization']>;

export const DeviceAuthorizationDocument = graphql(`
  query DeviceAuthorization($userCode: String!) {
    deviceAuthorization(userCode: $userCode) { userCode clientName createdAt expiresAt }
  }
`);

export const ApproveDeviceLoginDocument = graphql(`
  mutation ApproveDeviceLogin($userCode: String!) {
    approveDeviceLogin(userCode: $userCode)
  }
`);

export const DenyDeviceLoginDocument = graphql(`
  mutation DenyDeviceLogin($userCode: String!) {
    denyDeviceLogin(userCode: $userCode)
  }
`);
