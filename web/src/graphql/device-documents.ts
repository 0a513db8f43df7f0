import { gql, type TypedDocumentNode } from '@apollo/client';
import {
  approveDeviceLoginMutation,
  denyDeviceLoginMutation,
  deviceAuthorizationQuery,
  type ApproveDeviceLoginResult,
  type DenyDeviceLoginResult,
  type DeviceAuthorizationResult,
} from '@mcp-portal/schema/operations';

export type { DeviceAuthorizationSummary } from '@mcp-portal/schema/operations';

/** The device sign-in operations shared with the CLI, parsed once and typed. */
export const DeviceAuthorizationDocument: TypedDocumentNode<DeviceAuthorizationResult, { userCode: string }> = gql(deviceAuthorizationQuery);
export const ApproveDeviceLoginDocument: TypedDocumentNode<ApproveDeviceLoginResult, { userCode: string }> = gql(approveDeviceLoginMutation);
export const DenyDeviceLoginDocument: TypedDocumentNode<DenyDeviceLoginResult, { userCode: string }> = gql(denyDeviceLoginMutation);
