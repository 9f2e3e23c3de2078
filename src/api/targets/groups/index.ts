import type { TargetTable } from '../../target'

export const groupsTargets: TargetTable = {}
