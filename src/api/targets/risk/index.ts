import type { TargetTable } from '../../target'
import { adminListUserAuthEvents } from './admin-list-user-auth-events'
import { adminUpdateAuthEventFeedback } from './admin-update-auth-event-feedback'
import { describeRiskConfiguration } from './describe-risk-configuration'
import { setRiskConfiguration } from './set-risk-configuration'
import { updateAuthEventFeedback } from './update-auth-event-feedback'

/** Threat protection: adaptive authentication, compromised credentials and the user's auth events. */
export const riskTargets: TargetTable = {
  SetRiskConfiguration: setRiskConfiguration,
  DescribeRiskConfiguration: describeRiskConfiguration,
  AdminListUserAuthEvents: adminListUserAuthEvents,
  AdminUpdateAuthEventFeedback: adminUpdateAuthEventFeedback,
  UpdateAuthEventFeedback: updateAuthEventFeedback,
}
