// Package v1alpha1 stands in for kruise apis/apps/v1alpha1 (see package shapes).
package v1alpha1
