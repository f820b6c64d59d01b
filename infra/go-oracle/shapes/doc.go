// Package shapes holds stand-ins for OpenKruise's API structs
// (kruise@v1.7.4:apis/apps/{v1alpha1,v1beta1,pub}): the same package names,
// type names, field names, field types and json tags, so that a stand-in
// prints what OpenKruise prints with %#v (<package name>.<type name>{<field>:
// <value>, …} in declaration order, a pointer field as (*<type>)(<address>)
// or (*<type>)(nil)) and encodes as OpenKruise's type does with json.Marshal.
// The Kubernetes types inside them are k8s.io/api's own.
package shapes
