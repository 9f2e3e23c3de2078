import { describe, expect, it } from 'vitest'
import type { Env } from '../../src/env'
import { EnvironmentError, readSettings } from '../../src/environment'

const env = (more: Record<string, unknown>) =>
  ({
    KEY_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    PASSWORD_PEPPER: 'unit-test-pepper-0123456789',
    ...more,
  }) as unknown as Env

const problems = (more: Record<string, unknown>): string[] => {
  try {
    readSettings(env(more))
    return []
  } catch (error) {
    if (error instanceof EnvironmentError) return error.problems
    throw error
  }
}

const SMTP = {
  EMAIL_SENDER: 'smtp',
  EMAIL_FROM: 'Example <no-reply@example.com>',
  SMTP_HOST: 'smtp.example.com',
}

describe('choosing a sender per medium', () => {
  it('keeps the webhook for both media when only MESSAGE_WEBHOOK_URL is set, as before', () => {
    const settings = readSettings(
      env({
        MESSAGE_WEBHOOK_URL: 'https://relay.example.com',
        MESSAGE_WEBHOOK_SECRET: 's'.repeat(16),
      }),
    )
    expect(settings.delivery).toEqual({ email: { kind: 'webhook' }, sms: { kind: 'webhook' } })
    expect(readSettings(env({})).delivery).toEqual({})
  })

  it('reads SMTP with its defaults: STARTTLS on 587, a ten-second timeout, no AUTH', () => {
    expect(readSettings(env(SMTP)).delivery.email).toEqual({
      kind: 'smtp',
      from: { address: 'no-reply@example.com', name: 'Example' },
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      timeoutMs: 10_000,
    })
    expect(readSettings(env({ ...SMTP, SMTP_SECURITY: 'tls' })).delivery.email).toMatchObject({
      port: 465,
    })
  })

  it('names every variable that is wrong at once', () => {
    expect(
      problems({
        EMAIL_SENDER: 'smtp',
        EMAIL_FROM: 'a@example.com, b@example.com',
        SMTP_PORT: '99999',
        SMTP_SECURITY: 'maybe',
        SMTP_USERNAME: 'only-a-name',
        SMS_SENDER: 'twilio',
        TWILIO_FROM: '555-1234',
        TWILIO_API_URL: 'http://twilio.example.com',
      }),
    ).toEqual([
      expect.stringContaining('EMAIL_FROM must be one address'),
      'SMTP_HOST is not set (EMAIL_SENDER=smtp needs it)',
      'SMTP_SECURITY must be starttls, tls or none',
      'SMTP_PORT must be a port number from 1 to 65535',
      'SMTP_USERNAME and SMTP_PASSWORD are set together or not at all',
      'TWILIO_ACCOUNT_SID is not set (SMS_SENDER=twilio needs it)',
      expect.stringContaining('TWILIO_FROM must be an E.164 number'),
      expect.stringContaining('TWILIO_API_URL must be an https URL'),
      'TWILIO_AUTH_TOKEN is not set (SMS_SENDER=twilio needs it)',
    ])
  })

  it('refuses to send an SMTP password without TLS except on loopback, and never quotes it', () => {
    const secret = 'a-password-nobody-may-read'
    const found = problems({
      ...SMTP,
      SMTP_SECURITY: 'none',
      SMTP_USERNAME: 'u',
      SMTP_PASSWORD: secret,
    })
    expect(found).toEqual([
      expect.stringContaining('SMTP_SECURITY=none sends SMTP_PASSWORD in the clear'),
    ])
    expect(found.join('\n')).not.toContain(secret)
    expect(
      problems({
        ...SMTP,
        SMTP_HOST: '127.0.0.1',
        SMTP_SECURITY: 'none',
        SMTP_USERNAME: 'u',
        SMTP_PASSWORD: secret,
      }),
    ).toEqual([])
  })

  it('needs the binding for send_email, the key for http and a webhook for webhook', () => {
    expect(problems({ EMAIL_SENDER: 'send_email', EMAIL_FROM: 'a@example.com' })).toEqual([
      'EMAIL_SENDER=send_email needs a [[send_email]] binding named SEND_EMAIL',
    ])
    expect(
      problems({
        EMAIL_SENDER: 'send_email',
        EMAIL_FROM: 'a@example.com',
        SEND_EMAIL: { send() {} },
      }),
    ).toEqual([])
    expect(problems({ EMAIL_SENDER: 'http', EMAIL_FROM: 'a@example.com' })).toEqual([
      'MAIL_API_KEY is not set (EMAIL_SENDER=http needs it)',
    ])
    expect(problems({ SMS_SENDER: 'webhook' })).toEqual([
      'SMS_SENDER=webhook needs MESSAGE_WEBHOOK_URL',
    ])
    expect(problems({ EMAIL_SENDER: 'pigeon', SMS_SENDER: 'smoke' })).toEqual([
      'EMAIL_SENDER must be webhook, smtp, send_email or http',
      'SMS_SENDER must be webhook or twilio',
    ])
  })
})
