import type { TargetTable } from '../../target'

export const clientsTargets: TargetTable = {}
