// Package ui serves people: the JSON API under /api/v1, the server-rendered
// pages, static assets and the live-update websocket, all from one
// http.ServeMux built in routes.go.
//
// The API is a thin skin over *node.Node. A handler reads its input,
// decodes a JSON body strictly (api_decode.go's rules: application/json only,
// at most 1 MiB, valid UTF-8, one object, no unknown fields, every value of
// the right type), calls one node method and writes the result through the
// helpers in response.go. Validation of field values (a name is required, a
// status is one of a few choices, an email looks like one) belongs to the
// node, which returns *node.ValidationError; the API only maps it to 422.
// Errors are always {"error": {"message": "...", "fields": [...]}} so a
// client can show each problem next to the field it names.
//
// Handlers live one per file, named resource_action (api_people_create.go).
// docs/api.md documents every route for API clients.
package ui
