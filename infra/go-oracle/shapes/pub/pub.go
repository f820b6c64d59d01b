// Package pub stands in for kruise apis/apps/pub (see package shapes).
package pub

// InPlaceUpdateStrategy only appears behind a pointer: its fields never print.
type InPlaceUpdateStrategy struct {
	GracePeriodSeconds int32 `json:"gracePeriodSeconds,omitempty"`
}
