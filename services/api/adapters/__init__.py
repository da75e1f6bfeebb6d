"""The API's adapters: S3 presigning (`uploads`), SES sender identities (`sender_identity`)."""
