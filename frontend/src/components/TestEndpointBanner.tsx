export function TestEndpointBanner() {
  return (
    <div className="banner banner-warn" role="status" data-testid="test-endpoint-banner">
      Connected to a test WhatsApp endpoint (WASYNC_WA_*)
    </div>
  );
}
