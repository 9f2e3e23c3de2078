import type { TargetTable } from '../../target'
import { adminResetUserPassword } from './admin-reset-user-password'
import { confirmForgotPassword } from './confirm-forgot-password'
import { confirmSignUp } from './confirm-sign-up'
import { forgotPassword } from './forgot-password'
import { resendConfirmationCode } from './resend-confirmation-code'
import { signUp } from './sign-up'

export const signupTargets: TargetTable = {
  SignUp: signUp,
  ConfirmSignUp: confirmSignUp,
  ResendConfirmationCode: resendConfirmationCode,
  ForgotPassword: forgotPassword,
  ConfirmForgotPassword: confirmForgotPassword,
  AdminResetUserPassword: adminResetUserPassword,
}
