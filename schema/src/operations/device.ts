/**
 * Device sign-in operations (`docker mcp login`): the portal shows a pending request by its user code
 * and lets the signed-in user approve or deny it.
 */

export interface DeviceAuthorizationSummary {
  userCode: string;
  /** What the CLI says it is (not verified). */
  clientName: string;
  createdAt: string;
  expiresAt: string;
}

export const deviceAuthorizationQuery = /* GraphQL */ `
  query DeviceAuthorization($userCode: String!) {
    deviceAuthorization(userCode: $userCode) { userCode clientName createdAt expiresAt }
  }
`;
export interface DeviceAuthorizationResult {
  /** Null when the code is unknown, expired or already answered. */
  deviceAuthorization: DeviceAuthorizationSummary | null;
}

export const approveDeviceLoginMutation = /* GraphQL */ `
  mutation ApproveDeviceLogin($userCode: String!) {
    approveDeviceLogin(userCode: $userCode)
  }
`;
export interface ApproveDeviceLoginResult {
  approveDeviceLogin: boolean;
}

export const denyDeviceLoginMutation = /* GraphQL */ `
  mutation DenyDeviceLogin($userCode: String!) {
    denyDeviceLogin(userCode: $userCode)
  }
`;
export interface DenyDeviceLoginResult {
  denyDeviceLogin: boolean;
}
