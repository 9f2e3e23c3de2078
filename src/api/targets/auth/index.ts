import type { TargetTable } from '../../target'

export const authTargets: TargetTable = {}
