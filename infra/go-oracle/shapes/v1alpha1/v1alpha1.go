// Package v1alpha1 stands in for kruise apis/apps/v1alpha1 (see package shapes).
package v1alpha1

type SidecarSetInjectRevisionPolicy string

type SidecarSetInjectRevision struct {
	CustomVersion *string                        `json:"customVersion,omitempty"`
	RevisionName  *string                        `json:"revisionName,omitempty"`
	Policy        SidecarSetInjectRevisionPolicy `json:"policy,omitempty"`
}

type ShareVolumePolicyType string

type ShareVolumePolicy struct {
	Type ShareVolumePolicyType `json:"type,omitempty"`
}
