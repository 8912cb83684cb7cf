"""Background jobs of the products app (none yet: uploads are checked synchronously, files are small).

Expiry reminders for certifications and recognitions belong with the evaluations app, which owns the OCOP status.
"""
