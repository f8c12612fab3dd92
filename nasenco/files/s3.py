"""The bucket backend (``STORAGE_BUCKET``), in its own module so the embedded default never imports boto3."""

import boto3
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    """Private files in an S3-compatible bucket, served by short-lived pre-signed links.

    ``public_url`` (``STORAGE_PUBLIC_URL``): where browsers reach the bucket when the portal reaches it at
    another address (e.g. ``http://minio:9000`` inside, ``https://files.example.ac.uk`` outside). A
    signature covers the host, so links are signed for the public address."""

    def get_default_settings(self):
        return {**super().get_default_settings(), "public_url": None}

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.public_url:
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        params = {**(parameters or {}), "Bucket": self.bucket_name, "Key": self._normalize_name(clean_name(name))}
        return self._public_client().generate_presigned_url(
            "get_object", Params=params, ExpiresIn=expire or self.querystring_expire, HttpMethod=http_method
        )

    def _public_client(self):
        if getattr(self, "_public", None) is None:
            self._public = boto3.session.Session().client(
                "s3",
                endpoint_url=self.public_url,
                region_name=self.region_name,
                aws_access_key_id=self.access_key,
                aws_secret_access_key=self.secret_key,
                config=self.client_config,
            )
        return self._public
